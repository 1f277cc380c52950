import { createApp } from 'vue'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import App from './App.vue'
import { i18n, currentLocale } from './i18n'
import { router } from './router'
import { onUnauthenticated } from './api'
import { forget } from './session'
import './style.css'

document.documentElement.lang = currentLocale()

// A 401 from any call means the session ended: back to the login page, then back here.
onUnauthenticated(() => {
  forget()
  const here = router.currentRoute.value
  if (here.name !== 'login') {
    void router.push({ name: 'login', query: { redirect: here.fullPath } })
  }
})

const app = createApp(App)
app.use(ElementPlus)
app.use(i18n)
app.use(router)
app.mount('#app')
